"""Sub-commands of `pressarchive`, one module each, found by crawler.cli at start-up.

A module here defines `command`, a click.Command. Keep imports inside the command function so
`pressarchive --help` stays fast.
"""
