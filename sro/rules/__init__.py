"""Rules as code: the statute and policy rules of the SRO program, as pure functions.

Each rule takes facts (frozen dataclasses) and a required keyword-only ``as_of`` date and returns a
finding that carries its reasons, each with a citation, and the rules version that produced it.
Nothing here imports Django, touches the database or the web, or reads the clock.

- ``params``: every number and date the law sets, named, cited and dated, in a rules version.
- ``dates``: calendar arithmetic the rules share (adding months and years, school years).
- ``training``: training and policy-review compliance (Minn. Stat. 626.8482, subd. 3).
- ``training_cli``: the command ``sro rules training --as-of YYYY-MM-DD FILE``.
"""
