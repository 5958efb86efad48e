# Shared settings for the q35bench figures. Each script is run as
#   gnuplot -e "datadir='DIR'; fmt='png'|'svg'|'pdf'; out='FILE'" plots/NAME.gp
# and reads DIR/plot.vars.gp and DIR/plot.*.tsv (written by `q35bench plotdata`).
load datadir.'/plot.vars.gp'
if (fmt eq 'svg') {
    set terminal svg size 1100,720 dynamic noenhanced font 'Helvetica,14'
} else {
    if (fmt eq 'pdf') {
        set terminal pdfcairo size 11in,7.2in noenhanced font 'Sans,12'
    } else {
        set terminal pngcairo size 1100,720 noenhanced font 'Sans,12'
    }
}
set output out
set datafile separator "\t"
set datafile columnheaders
set grid back lc rgb '#dddddd'
set border lc rgb '#444444'
set key noenhanced
# Twelve distinct colours (gnuplot's default cycle has eight) for per-kernel series.
set linetype 1 lc rgb '#1f77b4' lw 2
set linetype 2 lc rgb '#ff7f0e' lw 2
set linetype 3 lc rgb '#2ca02c' lw 2
set linetype 4 lc rgb '#d62728' lw 2
set linetype 5 lc rgb '#9467bd' lw 2
set linetype 6 lc rgb '#8c564b' lw 2
set linetype 7 lc rgb '#e377c2' lw 2
set linetype 8 lc rgb '#7f7f7f' lw 2
set linetype 9 lc rgb '#bcbd22' lw 2
set linetype 10 lc rgb '#17becf' lw 2
set linetype 11 lc rgb '#393b79' lw 2
set linetype 12 lc rgb '#637939' lw 2
set linetype cycle 12
# point type of series i: filled circle, square, triangle, diamond, ... in turn
pt_of(i) = word("7 5 9 13 11 15", ((i - 1) % 6) + 1) + 0
