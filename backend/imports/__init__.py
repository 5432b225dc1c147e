"""Bulk imports: legacy customer archives from Excel workbooks."""
