# Speedup of each kernel over its format's baseline kernel (configs/report.ini), one
# matrix-vector product (M = 1) of the figure shape: the bench step's comparisons
# (bench.compare.tsv), not recomputed. data: plot.speedup.tsv
load 'plots/common.gp'
file = datadir.'/plot.speedup.tsv'
set title sprintf("Speedup over each format's baseline kernel: %s (N x K = %s), M = 1, run %s", figure_shape, figure_shape_nk, run_id) noenhanced
set style data histograms
set style histogram clustered gap 1
set style fill solid 0.85 border -1
set boxwidth 0.9
set logscale y
set format y "%gx"
set yrange [*:*]
set ylabel "speedup over the baseline kernel (Hodges-Lehmann time ratio, log scale)"
set xlabel "kernel (baseline in brackets)"
set xtics rotate by -30 noenhanced
set key outside top center horizontal
set arrow 1 from graph 0, first 1 to graph 1, first 1 nohead lc rgb '#444444' dt 2
plot for [c=3:2+speedup_columns] file using c:xtic(sprintf("%s (%s)", strcol(1), strcol(2))) title columnheader(c)
