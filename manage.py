#!/usr/bin/env python
"""Django's command-line utility; `sro` is the same with the project's own commands first."""

from sro.cli import main

if __name__ == "__main__":
    main()
