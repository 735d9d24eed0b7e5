#!/usr/bin/env python3
"""Self-test of scripts/check-powershell.py: the grammar really rejects broken
PowerShell (tests/hostile-powershell/, each file's first error line in its
expected.json), accepts what the planner writes, and a check that parsed
nothing fails. make test-powershell runs it with the grammar's venv:
  .tools/pyvenv/bin/python scripts/test-check-powershell.py
"""

import importlib.util
import io
import json
import tempfile
import unittest
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HOSTILE = ROOT / "tests" / "hostile-powershell"
spec = importlib.util.spec_from_file_location("check_powershell", ROOT / "scripts" / "check-powershell.py")
check = importlib.util.module_from_spec(spec)
spec.loader.exec_module(check)


def run(*paths):
    """The checker's exit code and what it printed (stdout and stderr)."""
    out = io.StringIO()
    with redirect_stdout(out), redirect_stderr(out):
        code = check.main([str(p) for p in paths])
    return code, out.getvalue()


class Hostile(unittest.TestCase):
    expected = json.loads((HOSTILE / "expected.json").read_text())

    def test_the_corpus_is_described(self):
        files = sorted(p.name for p in HOSTILE.glob("*.ps1"))
        self.assertEqual(files, sorted(self.expected))
        self.assertGreaterEqual(len(files), 10)

    def test_each_broken_file_is_rejected_where_it_breaks(self):
        for name, want in self.expected.items():
            with self.subTest(name):
                path = HOSTILE / name
                code, out = run(path)
                self.assertEqual(code, 1, out)
                found = check.problems(path.read_bytes())
                self.assertTrue(found, name)
                self.assertEqual(found[0][0], want["line"], found)
                line, col = found[0][:2]
                self.assertIn(f"{path}:{line}:{col}: ", out)
                # The two typographic-quote files pass the grammar alone: the
                # second parse, quotes as PowerShell reads them, is what sees them.
                alone = check.problems(path.read_bytes(), quotes_as_powershell=False)
                self.assertEqual(not alone, want.get("seen_only_as_powershell_reads_quotes", False), alone)

    def test_one_broken_file_fails_the_whole_run(self):
        with tempfile.TemporaryDirectory() as d:
            good = Path(d) / "good.ps1"
            good.write_text("Write-Host 'fine'\n")
            code, out = run(good, HOSTILE / "stray-brace.ps1")
            self.assertEqual(code, 1, out)
            self.assertIn("1 of 2 files do not parse", out)


class Accepted(unittest.TestCase):
    def test_what_the_planner_writes_parses(self):
        plan = (
            "\ufeff# A plan, with a BOM as the CLI writes it\n"
            "$ErrorActionPreference = 'Stop'\n"
            "if (-not $Reviewed) { throw 'Review this plan, then set $Reviewed = $true at its top.' }\n"
            "New-ClientAccessArray -Name 'O''Brien ‘‘a’’ ‚‚b‛‛ \"c\" `d $(e); f\ng' -Fqdn 'outlook.x' -Site 'HQ'\n"
            "$Address = @{ IPv4Address = '10.0.0.1' }\n"
            "Add-DnsServerResourceRecordA -ComputerName $DnsServer -ZoneName 'x' -Name '@' @Address\n"
            "Remove-ClientAccessArray -Identity 'a' -Confirm:$false\n"
            "Invoke-Command -ComputerName 'cas01.x' -ScriptBlock {\n"
            "    Restart-Service 'MSExchangeRPC', 'MSExchangeAB'\n"
            "}\n"
        )
        self.assertEqual(check.problems(plan.encode("utf-8")), [])

    def test_the_collector_parses(self):
        code, out = run(ROOT / "collect-exchange.ps1")
        self.assertEqual(code, 0, out)
        self.assertIn("1 files", out)


class NothingChecked(unittest.TestCase):
    def test_no_file_given_fails(self):
        code, out = run()
        self.assertEqual(code, 1)
        self.assertIn("nothing was checked", out)

    def test_a_directory_without_powershell_fails(self):
        with tempfile.TemporaryDirectory() as d:
            code, out = run(d)
            self.assertEqual(code, 1)
            self.assertIn("no .ps1 file", out)

    def test_a_missing_path_fails_even_beside_good_files(self):
        code, out = run(ROOT / "collect-exchange.ps1", ROOT / "no-such-plans")
        self.assertEqual(code, 1, out)
        self.assertIn("no such file or directory", out)


if __name__ == "__main__":
    unittest.main(verbosity=1)
