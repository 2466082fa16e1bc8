"""Statistics home page for cities and counties (source 001 modules 2, 12, 15, 16; issue 16 item 5)."""
