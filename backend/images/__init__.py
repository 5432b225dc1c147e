"""Customer images: upload inspection, the watermarked derivative and its thumbnail, the signed
capture manifest and the embedded C2PA manifest (``processing``, ``manifest``, ``c2pa_signing``)."""
