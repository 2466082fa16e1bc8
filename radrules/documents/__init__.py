"""Documents radrules produces and reads: report-card PDFs, Excel templates, imports, exports."""
