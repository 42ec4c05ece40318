"""A real OpenID Connect provider (the npm package oidc-provider) run by the tests on 127.0.0.1,
and a visitor that signs in through its own pages (login, then consent) as a person would."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass, field
from html import unescape
from pathlib import Path
from urllib.parse import parse_qs, urljoin, urlsplit

import pytest
import requests

HERE = Path(__file__).parent
CLIENT_ID = "qms"
CLIENT_SECRET = "qms-test-secret"
CALLBACK = "http://testserver/accounts/oidc/callback/"
AFTER_LOGOUT = "http://testserver/accounts/login/"


@dataclass
class IdentityProvider:
    """The running provider: its address, and the people it knows (changed between sign-ins)."""

    issuer: str
    accounts_file: Path
    people: dict = field(default_factory=dict)

    def set_person(self, login: str, *, groups: list[str], email: str = "", **claims) -> None:
        self.people[login] = {"email": email or f"{login}@example.com", "groups": groups, **claims}
        self.accounts_file.write_text(json.dumps(self.people))

    def endpoint(self, name: str) -> str:
        return requests.get(f"{self.issuer}/.well-known/openid-configuration", timeout=5).json()[name]

    def django_settings(self) -> dict:
        """The settings the QMS_OIDC_* variables give for this provider."""
        config = requests.get(f"{self.issuer}/.well-known/openid-configuration", timeout=5).json()
        return {
            "OIDC_RP_CLIENT_ID": CLIENT_ID,
            "OIDC_RP_CLIENT_SECRET": CLIENT_SECRET,
            "QMS_OIDC_ISSUER": config["issuer"],
            "OIDC_OP_AUTHORIZATION_ENDPOINT": config["authorization_endpoint"],
            "OIDC_OP_TOKEN_ENDPOINT": config["token_endpoint"],
            "OIDC_OP_USER_ENDPOINT": config["userinfo_endpoint"],
            "OIDC_OP_JWKS_ENDPOINT": config["jwks_uri"],
            "QMS_OIDC_END_SESSION_ENDPOINT": config["end_session_endpoint"],
            "OIDC_RP_SCOPES": "openid email profile groups",
            "QMS_OIDC_PROVIDER_NAME": "Test Provider",
            "QMS_OIDC_ROLE_MAP": "qms-top=top,qms-quality=quality,qms-auditor=auditor",
        }


def start_provider():
    """Start the provider; yields an IdentityProvider. Skips without Node (fails under REQUIRE_SERVICES=1)."""
    node = shutil.which("node")
    missing = None
    if node is None:
        missing = "Node.js is not installed"
    elif not (HERE / "node_modules" / "oidc-provider").is_dir():
        missing = "the test provider is not installed (npm ci --prefix tests/identity_provider)"
    if missing:
        if os.environ.get("REQUIRE_SERVICES") == "1":
            pytest.fail(f"An OpenID Connect provider is required: {missing}.")
        pytest.skip(missing)
    folder = Path(tempfile.mkdtemp(prefix="qms-idp-"))
    accounts = folder / "accounts.json"
    accounts.write_text("{}")
    env = {
        **os.environ,
        "QMS_IDP_ACCOUNTS": str(accounts),
        "QMS_IDP_CLIENT_ID": CLIENT_ID,
        "QMS_IDP_CLIENT_SECRET": CLIENT_SECRET,
        "QMS_IDP_REDIRECT_URIS": CALLBACK,
        "QMS_IDP_LOGOUT_URIS": AFTER_LOGOUT,
    }
    process = subprocess.Popen(
        [node, str(HERE / "provider.js")],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        line = process.stdout.readline()
        match = re.match(r"listening (\d+)", line)
        if not match:
            raise RuntimeError(f"The test provider did not start: {line!r}")
        yield IdentityProvider(issuer=f"http://127.0.0.1:{match.group(1)}", accounts_file=accounts)
    finally:
        process.terminate()
        process.wait(timeout=10)
        shutil.rmtree(folder, ignore_errors=True)


def _form(html: str, base: str) -> tuple[str, dict]:
    """The first form of a provider page: where it posts, and its hidden fields."""
    action = re.search(r'<form[^>]*action="([^"]+)"', html).group(1)
    hidden = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', html))
    return urljoin(base, unescape(action)), hidden


def sign_in_at_provider(authorization_url: str, login: str) -> dict:
    """Follow the provider's pages as a person would (log in with any password, then consent) and
    return the query the provider sends back to our callback (code and state, or an error)."""
    browser = requests.Session()
    url = authorization_url
    for _ in range(10):
        response = browser.get(url, allow_redirects=False, timeout=10)
        if response.status_code in (302, 303):
            url = urljoin(url, response.headers["Location"])
            if url.startswith(CALLBACK):
                return {key: values[0] for key, values in parse_qs(urlsplit(url).query).items()}
            continue
        action, fields = _form(response.text, url)
        if fields.get("prompt") == "login":
            fields.update(login=login, password="any password")
        response = browser.post(action, data=fields, allow_redirects=False, timeout=10)
        url = urljoin(action, response.headers["Location"])
        if url.startswith(CALLBACK):
            return {key: values[0] for key, values in parse_qs(urlsplit(url).query).items()}
    raise AssertionError("The provider never sent the visitor back")
