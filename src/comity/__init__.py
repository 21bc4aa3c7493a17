"""comity: the constitution of a consensus-based intergovernmental organisation as running
code, with a tamper-evident institutional record. The reference organisation is the
Shanghai Cooperation Organisation (SCO)."""

__version__ = "0.1.0"
