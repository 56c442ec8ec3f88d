"""Package data: the master template of unit workbooks (unit_template.xlsx). See README.md."""
