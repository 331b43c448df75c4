"""Agreement between annotators: span F1 (exact and overlap), token-level Cohen's kappa and
Krippendorff's alpha over IOB tags, label confusions, and the documents that agree least.

Plain Python only: the figures are checked against scikit-learn and ``krippendorff`` in the
tests, but neither (nor numpy) is needed at run time.
"""
