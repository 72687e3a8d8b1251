"""Pure text understanding: Swedish dates, minutes, personal identity numbers, working time."""
