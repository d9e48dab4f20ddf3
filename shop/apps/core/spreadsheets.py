"""Cells of the CSV files the marketplace hands out."""

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(text):
    """Keep a spreadsheet from running ``text`` as a formula (CSV injection).

    Shop names, customers' names and e-mails come from the people who typed
    them; one starting with ``=`` or ``+`` would otherwise be evaluated when
    the file is opened. Such a cell is quoted with a leading apostrophe.
    """
    text = str(text)
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text
