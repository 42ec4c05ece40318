"""Demo data of the quality policy and the registers (processes, risks, management roles)."""
