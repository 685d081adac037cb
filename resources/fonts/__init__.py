"""DejaVu Sans 2.37 (regular, bold, oblique), embedded in every exported PDF.

Free to redistribute under the Bitstream Vera licence in LICENSE-DejaVu.txt beside this file.
"""
