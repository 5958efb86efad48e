# The seeds' throughput claims, each against the bound of the setting it states (a model,
# not a measurement): the bar is the decode tokens/s bound for that device count, memory,
# reachable bandwidth and sequencing; the cross is the claimed figure; the label is the
# statement's verdict. data: plot.projection.tsv
load 'plots/common.gp'
file = datadir.'/plot.projection.tsv'
set title "The seeds' tokens/s claims against the bound of their own setting (bars: projection)" noenhanced
set style fill solid 0.6 border -1
set boxwidth 0.6
set logscale y
set format y "%g"
set ylabel "tokens/s, batch 1 (log scale)"
set xtics noenhanced font ',10'
set xrange [-0.7:n_claims - 0.3]
set key top left inside opaque box
set bmargin 5
set style textbox opaque noborder margins 1,1
plot file using 1:4:xtic(strcol(2)."\n".strcol(7)."\n".strcol(8)) with boxes lc rgb '#8fa8c8' title "bound in the claim's own setting (setting: see the report)", \
     file using 1:3 with points pt 2 ps 2.5 lw 3 lc rgb '#d00000' title "claimed", \
     file using 1:3:5 with labels offset 0,1.4 boxed font ',9' tc rgb '#d00000' notitle
