# Median time of one product against the batch size M, for the batch shape at the run's
# largest thread count; bars: 10th to 90th percentile. data: plot.batch.tsv
load 'plots/common.gp'
file = datadir.'/plot.batch.tsv'
set title sprintf("Time against batch size: %s (N x K = %s), %d thread(s), run %s", batch_shape, batch_shape_nk, threads, run_id) noenhanced
set logscale xy 2
set format x "%g"
set format y "%g"
set xlabel "batch size M (tokens per call, log scale)"
set ylabel "median time per call (ms, log scale)"
set key top left
plot for [i=1:words(batch_kernels)] file \
     using (strcol(1) eq word(batch_kernels, i) ? $2 : NaN):3:4:5 \
     with yerrorlines lt i pt pt_of(i) ps 1.3 lw 2 title word(batch_kernels, i)
