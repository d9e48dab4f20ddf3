"""The chamber's commission and the money collected at pickup: statements,
invoices and settlement."""
