"""The indexes' numpy helpers give numpy's own results."""
from __future__ import annotations

import numpy as np
import pytest

from civicnews import arrays


@pytest.mark.parametrize("size, high", [(0, 5), (1, 5), (2, 1), (7, 3), (1000, 50), (20000, 10**12)])
def test_unique_is_numpys_unique(size, high):
    values = np.random.default_rng(size).integers(-high, high, size, dtype=np.int64)
    found, expected = arrays.unique(values), np.unique(values)
    assert found.dtype == expected.dtype
    assert found.tolist() == expected.tolist()
    assert values.tolist() == np.random.default_rng(size).integers(-high, high, size, dtype=np.int64).tolist()
