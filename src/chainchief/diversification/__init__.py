"""Diversification and relatedness (concepts.md section 7)."""
