"""Printed reports (reportlab): the breakdown table, duty sheets, progress reports."""
