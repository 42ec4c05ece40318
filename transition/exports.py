"""The gap list of the transition cockpit as PDF (WeasyPrint, like the review minutes) and XLSX."""

from __future__ import annotations

import io

from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook

from core.formatting import shipped_text
from core.templatetags.qms import person
from transition.selectors import Cockpit

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
COLUMNS = [
    gettext_lazy("List"),
    gettext_lazy("Item"),
    gettext_lazy("Title"),
    gettext_lazy("Came from"),
    gettext_lazy("Change"),
    gettext_lazy("State"),
    gettext_lazy("Owner"),
    gettext_lazy("Gaps"),
]


def gap_rows(board: Cockpit) -> list[list[str]]:
    """One line per item of the new edition that still has a gap."""
    return [
        [
            row.list_title,
            f"{row.item.code})",
            shipped_text(row.item.title),
            row.source_codes,
            row.kind_label,
            row.state_label,
            person(row.owner) if row.owner else "",
            " ".join(row.gaps),
        ]
        for row in board.gap_rows
    ]


def gap_list_xlsx(board: Cockpit) -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Gaps"))
    sheet.append(
        [
            _("Gaps to %(to_edition)s") % {"to_edition": board.to_edition},
            _("%(count)s items") % {"count": len(board.gap_rows)},
            _("as of %(today)s") % {"today": board.today.isoformat()},
        ]
    )
    sheet.append([str(column) for column in COLUMNS])
    for line in gap_rows(board):
        sheet.append(line)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def gap_list_pdf(board: Cockpit) -> bytes:
    from weasyprint import HTML

    html = render_to_string(
        "transition/gap_list_pdf.html", {"board": board, "columns": COLUMNS, "lines": gap_rows(board)}
    )
    return HTML(string=html).write_pdf()
