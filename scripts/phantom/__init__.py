"""Synthetic chest CT phantoms with ground truth (see README.md)."""
from .findings import CLASS_NAMES
from .study import PhantomStudy, generate_study

__all__ = ["CLASS_NAMES", "PhantomStudy", "generate_study"]
