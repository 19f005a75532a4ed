"""SSO staff welfare (the SSO's HR office): one Excel workbook a month, read with control totals
by ``welfare.py``. See source.yaml."""
