"""Logging filter that keeps PHI out of log records.

Django attaches the request (with its query string and body) to error records, and tracebacks may
render values; we drop the request object and any ``args`` so only the message template survives
for records from request handling.
"""

from __future__ import annotations

import logging


class RedactPHIFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if hasattr(record, "request"):
            record.request = None
            record.msg = f"{record.levelname} on request (details redacted)"
            record.args = ()
        return True
