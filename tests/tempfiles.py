# SPDX-License-Identifier: LGPL-2.1-or-later
"""What tests share: a test's own directory, and files written into it."""
import os
import tempfile


class TempFiles:
    """Mixed into a unittest.TestCase: self.tmp, and self.write()."""
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.addCleanup(self.tmp.cleanup)

    def write(self, name, data):
        p = os.path.join(self.tmp.name, name)
        with open(p, "wb") as f:
            f.write(data if isinstance(data, bytes) else data.encode("ascii"))
        return p
