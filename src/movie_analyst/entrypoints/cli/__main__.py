import sys

from movie_analyst.entrypoints.cli import main

sys.exit(main())
