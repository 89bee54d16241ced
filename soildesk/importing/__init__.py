"""Reading breakdown tables (text dump, and later xlsx/docx) into draft trees."""
