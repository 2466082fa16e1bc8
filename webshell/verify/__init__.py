"""Public verification of a report card's QC QR code (source 000 §5.3.4 第八步)."""
