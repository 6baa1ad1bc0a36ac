#!/usr/bin/env python3
"""Summarises a Chrome performance trace kept by `BENCH_TRACE=DIR bench/dashboard.sh results`:
how long the page's main thread was busy, each task over 15 ms (from navigation start) with its
largest parts (script evaluation with its URL, layout, style, paint...), and totals by kind.

    bench/trace-summary.py /tmp/traces/results-100-1.json
"""
import json,sys,collections
d=json.load(open(sys.argv[1]))
ev=d['traceEvents'] if isinstance(d,dict) else d
names={}
for e in ev:
    if e.get('ph')=='M' and e.get('name')=='thread_name':
        names[(e['pid'],e['tid'])]=e['args']['name']
mains=[k for k,v in names.items() if v=='CrRendererMain']
nav=[e for e in ev if e.get('name')=='navigationStart']
t0=min(e['ts'] for e in nav) if nav else min(e['ts'] for e in ev if 'ts' in e and e['ts']>0)
# pick the renderer main thread with most events
cnt=collections.Counter((e.get('pid'),e.get('tid')) for e in ev)
main=max(mains,key=lambda k:cnt[k])
xs=[e for e in ev if (e.get('pid'),e.get('tid'))==main and e.get('ph')=='X' and 'dur' in e]
xs.sort(key=lambda e:(e['ts'],-e['dur']))
tasks=[e for e in xs if e['name']=='RunTask']
busy=sum(e['dur'] for e in tasks)/1000
print(f"main thread busy {busy:.0f} ms in {len(tasks)} tasks")
def label(e):
    a=e.get('args',{}).get('data',{}) or {}
    s=e['name']
    for k in ('url','styleSheetUrl','functionName','type','frame'):
        if k in a and a[k]: s+=f" {k}={str(a[k])[-60:]}"; break
    return s
for t in tasks:
    if t['dur']<15000: continue
    kids=[e for e in xs if e is not t and e['ts']>=t['ts'] and e['ts']+e['dur']<=t['ts']+t['dur'] and e['name']!='RunTask']
    kids.sort(key=lambda e:-e['dur'])
    top=[]
    for k in kids:
        if k['dur']<t['dur']*0.15: break
        top.append(f"{label(k)} {k['dur']/1000:.0f}")
        if len(top)>=4: break
    print(f"{(t['ts']-t0)/1000:7.0f} ms  task {t['dur']/1000:6.0f} ms  | "+"; ".join(top))
agg=collections.Counter()
for e in xs:
    if e['name'] in ('EvaluateScript','ParseHTML','ParseAuthorStyleSheet','Layout','UpdateLayoutTree','Paint','v8.compile','FunctionCall','v8.evaluateModule','PrePaint','Layerize','HitTest'):
        agg[e['name']]+=e['dur']/1000
print({k:round(v) for k,v in agg.most_common()})
