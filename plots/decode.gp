# Measured end-to-end decode: tg tokens/s per model, format and thread count (bars: the
# median's 95 % interval), with the bandwidth bound of each (this run's STREAM read at the same
# thread count / the bytes a generated token reads). data: plot.decode.tsv
load 'plots/common.gp'
file = datadir.'/plot.decode.tsv'
set title sprintf("Measured decode (tg, tokens/s) against the bandwidth bound, run %s", run_id) noenhanced
set style data histograms
set style fill solid 0.85 border -1
set boxwidth 0.6
set logscale y
set format y "%g"
set ylabel "tokens/s, one token at a time (log scale)"
set xtics rotate by -35 noenhanced
set key top right
set bmargin 9
plot file using 0:2:xtic(1) with boxes lt 1 title "measured tg tok/s (median)", \
     file using 0:2:3:4 with yerrorbars lt 8 pt 0 lw 2 title "95 % interval of the median", \
     file using 0:5 with points lt 4 pt 9 ps 2 title "bandwidth bound (STREAM read / bytes per token)"
