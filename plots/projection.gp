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
set key outside below center horizontal
set yrange [0.1:*]
# x of format f's bar in device d's cluster (clustered histogram, gap 1)
set style textbox opaque noborder margins 2,1
bar_x(d, f) = d + (f - (n_formats - 1) / 2.0) / (n_formats + 1.0)
plot for [c=2:1+n_formats] file using c:xtic(1) title columnheader(c), \
     claims using (bar_x($1, $2)):3 with points pt 3 ps 2.5 lw 3 lc rgb '#d00000' title "seeds' claims (drawn over their device and format)", \
     claims using (bar_x($1, $2)):($8 == 1 && strlen(strcol(7)) > 0 ? $3 : NaN):7 with labels left offset 1.5,0.8 boxed font ',9' tc rgb '#d00000' notitle, \
     claims using (bar_x($1, $2)):($8 == 0 && strlen(strcol(7)) > 0 ? $3 : NaN):7 with labels right offset -1.5,0.8 boxed font ',9' tc rgb '#d00000' notitle
