"""The index: clause schema, Chroma + keyword index + facts store; the only code that opens them."""
