"""Named checks over a loaded workspace: each is ``fn(context) -> list[Problem]``, small and pure.

The list of every check and the function that runs them all are in checks/run.py; this package imports
nothing, so a command that needs one check's functions (``lisplan log`` validates a new entry with
checks/dates.py, references.py and signoffs.py) imports that module alone, not every check and the loader.
"""
