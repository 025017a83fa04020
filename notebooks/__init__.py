"""The lab's portfolio: notebooks paired with percent-format scripts, and their build."""
