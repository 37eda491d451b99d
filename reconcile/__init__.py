"""Reconciliation: matching deliverables within and (later) across documents."""

from .link import link_quarterly

__all__ = ["link_quarterly"]
