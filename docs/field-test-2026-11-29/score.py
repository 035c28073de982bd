import json, csv, sys
ab = {"supports":"S","refutes":"R","mixed":"M","not_mentioned":"NM","unverified":"U"}
exp = list(csv.DictReader(open("expected.tsv"), delimiter="\t"))
got = [json.loads(l) for l in open(sys.argv[1] if len(sys.argv)>1 else "batch.jsonl")]
arts = ["a1","a2","a3","a4","a5","a6"]
tot=right=0; sr_exp=sr_found=0; q_tot=q_ok=0
texts={}
import subprocess
for e,g in zip(exp,got):
    assert e["claim"]==g["claim"], (e["claim"], g["claim"])
    m={s["source_id"][:2]:s for s in g["sources"]}
    row=[]
    for a in arts:
        s=m[a]; x=e[a]; y=ab[s["stance"]]
        ok = (x==y) or (e["id"]=="C7" and y in ("NM","R"))
        tot+=1; right+=ok
        if x in "SR" and x!="NM":
            sr_exp+=1; sr_found+= (x==y)
        row.append(f"{a}:{x}/{y}{'' if ok else '✗'}")
        for ev in s["evidence"]:
            q_tot+=1
            print(f"   quote[{a} {ev['stance']}] {ev['quote']!r}")
    print(e["id"], g["verdict"], " ".join(row))
    for s in g["sources"]:
        if s["reason"] and s["similarity"]>0.3: print(f"   reason[{s['source_id'][:2]} {s['stance']}] {s['reason']}")
print(f"sources right {right}/{tot}; S/R found {sr_found}/{sr_exp}; quotes {q_tot}")
