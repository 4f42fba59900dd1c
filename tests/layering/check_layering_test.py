#!/usr/bin/python3
"""Self-test of scripts/check-layering: a small clean tree passes; the same
tree with one include planted against the layering fails, naming the file,
the line and the rule. Standard library only (ctest: layering_selftest)."""

import os
import subprocess
import sys
import tempfile
import unittest

SCRIPT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "scripts", "check-layering")

# A miniature repository whose every include is allowed.
CLEAN = {
    "core/xml.hpp": ['#include <string>', '#include <libxml/tree.h>'],
    "core/xml.cpp": ['#include "core/xml.hpp"', '#include <openssl/evp.h>'],
    "core/http/http_server.hpp": ['#include "core/xml.hpp"', '#include <boost/beast/http.hpp>'],
    "sp/validator/validator.hpp": ['#include "core/xml.hpp"'],
    "sp/validator/validator.cpp": ['#include "sp/validator/validator.hpp"', '#include "validator.hpp"'],
    "sp/store/store.hpp": ['#include "sp/validator/validator.hpp"', '#include <sqlite3.h>'],
    "sp/cli/cli_validate.cpp": ['#include "sp/validator/validator.hpp"', '#include <CLI/CLI.hpp>'],
    "sp/cli/cli_serve.cpp": ['#include "sp/store/store.hpp"', '#include "core/http/http_server.hpp"'],
    "idp-mock/server/idp.hpp": ['#include "core/http/http_server.hpp"', '#include <yaml-cpp/yaml.h>'],
    "attacks/mutations.hpp": ['#include "core/xml.hpp"'],
    "harness/world/world.hpp": ['#include "attacks/mutations.hpp"', '#include "idp-mock/server/idp.hpp"',
                                '#include "sp/store/store.hpp"'],
    "tests/sp/store/store_test.cpp": ['#include <gtest/gtest.h>', '#include "sp/store/store.hpp"',
                                      '#include "harness/world/world.hpp"'],
    "bench/okta.hpp": ['#include "core/xml.hpp"'],
    "bench/bench.cpp": ['#include "bench/okta.hpp"', '#include <benchmark/benchmark.h>'],
}

# (file, include line, what the message must say): each planted alone.
PLANTED = [
    ("sp/validator/validator.cpp", '#include "sp/store/store.hpp"', "folder sp/validator may not include sp/store/"),
    ("sp/validator/validator.cpp", '#include <yaml-cpp/yaml.h>', "folder sp/validator may not include yaml-cpp"),
    ("sp/validator/validator.cpp", '#include <sqlite3.h>', "folder sp/validator may not include sqlite"),
    ("sp/validator/validator.cpp", '#include "../store/store.hpp"', "folder sp/validator may not include sp/store/"),
    ("core/xml.cpp", '#include "sp/validator/validator.hpp"', "folder core may not include sp/validator/"),
    ("core/xml.cpp", '#include "core/http/http_server.hpp"', "folder core may not include core/http/"),
    ("idp-mock/server/idp.hpp", '#include "attacks/mutations.hpp"', "folder idp-mock/server may not include attacks/"),
    ("idp-mock/server/idp.hpp", '#include "sp/store/store.hpp"', "folder idp-mock/server may not include sp/store/"),
    ("sp/store/store.hpp", '#include "idp-mock/server/idp.hpp"', "folder sp/store may not include idp-mock/server/"),
    ("sp/store/store.hpp", '#include "harness/world/world.hpp"', "folder sp/store may not include harness/world/"),
    ("sp/cli/cli_validate.cpp", '#include "sp/store/store.hpp"', "folder sp/cli may not include sp/store/"),
    ("tests/sp/store/store_test.cpp", '#include "bench/okta.hpp"', "folder tests/sp/store may not include bench/"),
    ("attacks/mutations.hpp", '#include "idp-mock/server/idp.hpp"', "folder attacks may not include idp-mock/server/"),
    ("sp/nowhere/x.cpp", '#include <string>', "folder sp/nowhere has no layering rule"),
]


def write_tree(root, extra=None):
    files = {k: list(v) for k, v in CLEAN.items()}
    if extra:
        path, line = extra
        files.setdefault(path, []).append(line)
    for path, lines in files.items():
        full = os.path.join(root, path)
        os.makedirs(os.path.dirname(full), exist_ok=True)
        with open(full, "w", encoding="utf-8") as f:
            f.write("// test\n" + "\n".join(lines) + "\n")
    return 1 + len(files[extra[0]]) if extra else None


def run(root):
    return subprocess.run([sys.executable, SCRIPT, "--root", root], capture_output=True, text=True)


class CheckLayering(unittest.TestCase):
    def test_clean_tree_passes(self):
        with tempfile.TemporaryDirectory() as root:
            write_tree(root)
            r = run(root)
            self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
            self.assertEqual(r.stdout, "")

    def test_each_planted_include_fails_with_file_line_and_rule(self):
        for path, line, message in PLANTED:
            with self.subTest(path=path, include=line), tempfile.TemporaryDirectory() as root:
                number = write_tree(root, (path, line))
                r = run(root)
                self.assertEqual(r.returncode, 1, r.stdout + r.stderr)
                lines = r.stdout.splitlines()
                self.assertEqual(len(lines), 1, r.stdout)
                self.assertTrue(lines[0].startswith(f"{path}:{number}: include "), lines[0])
                self.assertIn(message, lines[0])


if __name__ == "__main__":
    unittest.main()
