extension HTMLReport {
    /// Screen and print styles. Print: A4 portrait, no controls or index, sections kept whole.
    static let css = """
    body{font-family:system-ui,"Noto Sans CJK SC","Noto Sans SC",sans-serif;margin:24px auto;color:#111827;max-width:1120px;padding:0 16px}
    h1{margin-bottom:0}.asof,.meta{color:#4b5563}.second{color:#4b5563;font-weight:400;font-size:.85em;margin:2px 0 0}
    #overview{display:flex;gap:24px;flex-wrap:wrap;align-items:flex-start}.maps{display:flex;gap:12px;flex-wrap:wrap}
    .maps figure{margin:0}.map .place{cursor:pointer}.map .place:hover{opacity:.8}.map .place.selected{stroke:#111827;stroke-width:3}
    .legend{list-style:none;padding:0;margin:4px 0;display:flex;flex-wrap:wrap;gap:10px;font-size:13px;width:100%}
    table{border-collapse:collapse;margin:8px 0 16px}td,th{border:1px solid #d1d5db;padding:3px 8px;font-size:13px;text-align:left}
    td.num{text-align:right;font-variant-numeric:tabular-nums}caption{text-align:left;font-weight:600;padding-bottom:4px}
    .badge{display:inline-block;width:12px;height:12px;border-radius:3px;margin-right:6px;vertical-align:-1px}
    #controls{position:sticky;top:0;background:#f9fafb;border:1px solid #e5e7eb;padding:8px;display:flex;gap:12px;flex-wrap:wrap;align-items:center;font-size:14px;z-index:2}
    #controls .shown{margin-left:auto;color:#4b5563}#place-note{background:#fef3c7;padding:2px 6px;border-radius:4px}
    #alert-index{width:100%}#alert-index a{color:inherit}#alert-index td:first-child{white-space:nowrap}
    section.alert{border-top:1px solid #e5e7eb;margin-top:20px}section.alert h2{font-size:18px;margin-bottom:0}
    figure{margin:8px 0}svg.chart{max-width:100%;height:auto}footer{margin-top:32px;color:#6b7280;font-size:12px}
    #tip{position:fixed;background:#111827;color:#fff;padding:4px 8px;border-radius:4px;font-size:12px;pointer-events:none;z-index:3}
    [hidden]{display:none!important}
    @media print{@page{size:A4;margin:12mm}body{margin:0;max-width:none;font-size:11pt}#controls,#alert-index,#tip{display:none!important}
    section.alert{break-inside:avoid}svg.chart{width:100%}.maps svg{width:48%;height:auto}a{color:inherit;text-decoration:none}}
    """

    /// Filters, sort, map clicks and chart tooltips. Plain DOM calls only, so that the page
    /// needs nothing but a browser; every element it touches is in the page without it.
    static let script = """
    (function(){
    var q=function(s){return Array.prototype.slice.call(document.querySelectorAll(s));};
    var controls=document.getElementById('controls');if(!controls)return;controls.hidden=false;
    var state={level:'',city:'',sector:'',rule:'',place:''};
    function match(d){
    if(state.level&&d.level!==state.level)return false;
    if(state.city&&d.city!==state.city)return false;
    if(state.sector&&d.sector!==state.sector)return false;
    if(state.rule&&(' '+d.rules+' ').indexOf(' '+state.rule+' ')<0)return false;
    if(state.place&&d.city!==state.place&&d.county!==state.place&&d.region!==state.place)return false;
    return true;}
    function apply(){
    var n=0;
    q('#alerts > section.alert').forEach(function(s){var m=match(s.dataset);s.hidden=!m;if(m)n++;});
    q('#alert-index tbody tr').forEach(function(r){r.hidden=!match(r.dataset);});
    document.getElementById('shown').textContent=n;
    var note=document.getElementById('place-note');note.hidden=!state.place;
    q('.map .place').forEach(function(p){
    if(p.dataset.region===state.place){p.classList.add('selected');document.getElementById('place-name').textContent=p.dataset.name+': '+n;}
    else p.classList.remove('selected');});}
    q('#controls select[data-filter]').forEach(function(s){s.addEventListener('change',function(){state[s.dataset.filter]=s.value;apply();});});
    var keys={risk:function(d){return -parseFloat(d.risk);},level:function(d){return -parseInt(d.rank,10);},
    city:function(d){return d.city||'~';},sector:function(d){return d.sector;},rule:function(d){return d.rules;}};
    function sortBy(k){
    ['#alerts','#alert-index tbody'].forEach(function(sel){
    var box=document.querySelector(sel);if(!box)return;
    var items=Array.prototype.slice.call(box.children).filter(function(e){return e.dataset&&e.dataset.level;});
    items.sort(function(a,b){var x=keys[k](a.dataset),y=keys[k](b.dataset);
    if(x<y)return -1;if(x>y)return 1;return parseFloat(b.dataset.risk)-parseFloat(a.dataset.risk);});
    items.forEach(function(e){box.appendChild(e);});});}
    document.getElementById('sort').addEventListener('change',function(e){sortBy(e.target.value);});
    q('.map .place').forEach(function(p){p.addEventListener('click',function(){
    state.place=state.place===p.dataset.region?'':p.dataset.region;apply();
    var first=document.querySelector('#alerts > section.alert:not([hidden])');
    if(state.place&&first&&first.scrollIntoView)first.scrollIntoView({block:'start'});});});
    document.getElementById('place-clear').addEventListener('click',function(){state.place='';apply();});
    var tip=document.getElementById('tip');
    document.addEventListener('mouseover',function(e){var t=e.target;
    if(t.classList&&t.classList.contains('pt')){tip.textContent=t.getAttribute('data-tip');tip.hidden=false;
    tip.style.left=(e.clientX+12)+'px';tip.style.top=(e.clientY+12)+'px';}});
    document.addEventListener('mouseout',function(e){if(e.target.classList&&e.target.classList.contains('pt'))tip.hidden=true;});
    apply();})();
    """
}
