import os
import sys

from bot.cli import main

try:
    sys.exit(main())
except BrokenPipeError:
    # `python -m bot ask … | head` closed our stdout early: that is the reader's choice, not an
    # error worth a traceback (the recipe from the Python docs on SIGPIPE).
    os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    sys.exit(1)
