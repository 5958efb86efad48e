# Bits per weight against weight error on N(0, 1) weights: this run's schemes and q35d sweep,
# llama.cpp's formats quantized by ggml in this run (measured, labelled) and the same formats'
# cited figures (a cross-check, markers only when the measured ones are there).
# data: plot.pareto.measured.tsv
load 'plots/common.gp'
if (fmt eq 'svg') {
    set terminal svg size 1300,900 dynamic noenhanced font 'Helvetica,14'
} else {
    if (fmt eq 'pdf') {
        set terminal pdfcairo size 13in,9in noenhanced font 'Sans,12'
    } else {
        set terminal pngcairo size 1300,900 noenhanced font 'Sans,12'
    }
}
set output out
m = datadir.'/plot.pareto.measured.tsv'
s = datadir.'/plot.pareto.sweep.tsv'
c = datadir.'/plot.pareto.cited.tsv'
p = datadir.'/plot.pareto.peers.tsv'
l = datadir.'/plot.pareto.labels.tsv'
set title sprintf("Bits per weight against error, N(0,1) weights, run %s", run_id) noenhanced
set xlabel "bits per weight (codes plus scales and offsets, log scale)"
set ylabel "weight error: RMSE / std x 100 (%, log scale)"
set logscale xy
set format y "%g"
set format x "%g"
set xrange [pareto_xmin:pareto_xmax]
set yrange [pareto_ymin:pareto_ymax]
set xtics (2.5, 3, 3.5, 4, 4.5, 5, 6, 8, 10, 16)
set key outside right top vertical Left reverse noenhanced
plot s using 2:3 with points pt 6 ps 0.7 lc rgb '#9aa9c4' title "q35d settings swept (measured)", \
     for [i=1:words(pareto_schemes)] m using (strcol(1) eq word(pareto_schemes, i) ? $3 : NaN):4 \
         with points lt i pt pt_of(i) ps 1.8 title word(pareto_schemes, i)." (measured)", \
     p using 3:4 with points pt 9 ps 1.6 lc rgb '#b5420c' title "llama.cpp formats, ggml's quantizer (measured)", \
     c using 3:4 with points pt 8 ps 2.4 lw 1 lc rgb (have_pareto_peers ? '#d9a48a' : '#b5420c') \
         title (have_pareto_peers ? "llama.cpp formats, cited (cross-check, not measured)" : "llama.cpp formats (cited, not measured)"), \
     l using 2:3:($4 == 1 ? strcol(1) : "") with labels left font ',9' tc rgb '#b5420c' notitle, \
     l using 2:3:($4 == 0 ? strcol(1) : "") with labels right font ',9' tc rgb '#b5420c' notitle
