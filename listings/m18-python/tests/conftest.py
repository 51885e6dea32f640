"""Lets the tests import `pure_python` from the listing's folder, whatever
directory pytest was started from."""

import pathlib
import sys

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent.parent))
