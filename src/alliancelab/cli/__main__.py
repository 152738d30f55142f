"""``python -m alliancelab.cli``: the same as the ``alliancelab`` script."""

from . import main

main()
