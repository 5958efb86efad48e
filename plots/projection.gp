# Projected decode tokens/s bound per device and format (a model, not a measurement), with
# the seeds' throughput claims drawn on top. data: plot.projection.tsv
load 'plots/common.gp'
file = datadir.'/plot.projection.tsv'
claims = datadir.'/plot.projection.claims.tsv'
set title sprintf("Decode tokens/s bound per device (projection, %s) and the seeds' claims", projection_model) noenhanced
set style data histograms
set style histogram clustered gap 1
set style fill solid 0.85 border -1
set boxwidth 0.9
set logscale y
set format y "%g"
set ylabel "tokens/s, batch 1 (log scale)"
set xlabel "device"
set xtics noenhanced
set key outside right top
set yrange [0.1:*]
plot for [c=2:1+n_formats] file using c:xtic(1) title columnheader(c), \
     claims using 1:3 with points pt 3 ps 3 lw 3 lc rgb '#d00000' title "seeds' claims", \
     claims using 1:3:4 with labels left offset 1.2,0 font ',9' tc rgb '#d00000' notitle
