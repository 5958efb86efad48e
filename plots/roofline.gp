# Roofline chart: every timed case of the run at the largest thread count, under the
# measured memory roof and compute peaks. data: plot.roofline.points.tsv
load 'plots/common.gp'
points = datadir.'/plot.roofline.points.tsv'
roofs = datadir.'/plot.roofline.roofs.tsv'
if (have_roofs) {
    stats roofs using 2 nooutput; bw = STATS_max
    stats roofs using 3 nooutput; fp32 = STATS_max
    stats roofs using 4 nooutput; int8 = STATS_max
}
set title sprintf("Roofline, %d thread(s): every timed case of run %s", threads, run_id) noenhanced
set logscale xy
set format x "%g"
set format y "%g"
set xlabel "arithmetic intensity (operations per byte moved, from each kernel's cost model)"
set ylabel "achieved GOP/s (billions of operations per second)"
set key outside below center horizontal maxrows 4 width 2
set xrange [0.1:200]
set samples 400
if (have_roofs) {
    plot bw*x < fp32 ? bw*x : fp32 with lines lw 3 lc rgb '#1f4e9c' \
             title sprintf("roof: %s %.3g GB/s, FP32 peak %.3g GFLOP/s", memory_roof, bw, fp32), \
         bw*x < int8 ? bw*x : int8 with lines lw 3 dt 2 lc rgb '#b5420c' \
             title sprintf("roof: INT8 peak %.3g GOP/s", int8), \
         for [i=1:words(roofline_kernels)] points \
             using (strcol(1) eq word(roofline_kernels, i) ? $6 : NaN):7 \
             with points lt i pt pt_of(i) ps 1.5 title word(roofline_kernels, i)
} else {
    set label 1 "no roofline measured in this run" at graph 0.02, graph 0.95
    plot for [i=1:words(roofline_kernels)] points \
             using (strcol(1) eq word(roofline_kernels, i) ? $6 : NaN):7 \
             with points lt i pt pt_of(i) ps 1.5 title word(roofline_kernels, i)
}
