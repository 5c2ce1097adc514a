/** The join page's password rules and strength meter. */
export const JOIN_CSS = `
.rules { margin: .5rem 0 0; padding-left: 1.25rem; font-size: .9rem; color: #57606a; }
.rules li.met { color: #1a7f37; }
.rules li.met::marker { content: "\\2713  "; }
.rules li.unmet { color: #b3261e; }
.rules li.unmet::marker { content: "\\2717  "; }
.strength { margin: 0 0 .5rem; }
.strength[hidden] { display: none; }
/* Browsers draw <meter> in their own colours; these are the page's red, amber and green. */
.strength meter { display: block; width: 100%; height: .6rem; margin: 0; -webkit-appearance: none; appearance: none; background: none; border: 0; }
.strength meter::-webkit-meter-bar { height: .6rem; background: #eaeef2; border: 1px solid #d8dee4; border-radius: .3rem; }
.strength meter::-webkit-meter-even-less-good-value { background: #b3261e; border-radius: .3rem; }
.strength meter::-webkit-meter-suboptimum-value { background: #9a6700; border-radius: .3rem; }
.strength meter::-webkit-meter-optimum-value { background: #1a7f37; border-radius: .3rem; }
@supports (-moz-appearance: meterbar) {
  .strength meter { background: #eaeef2; border: 1px solid #d8dee4; border-radius: .3rem; }
}
.strength meter::-moz-meter-bar { border-radius: .3rem; }
.strength meter:-moz-meter-sub-sub-optimum::-moz-meter-bar { background: #b3261e; }
.strength meter:-moz-meter-sub-optimum::-moz-meter-bar { background: #9a6700; }
.strength meter:-moz-meter-optimum::-moz-meter-bar { background: #1a7f37; }
.strength-verdict { margin: .35rem 0 0; font-size: .9rem; color: #57606a; }
.strength[data-level="very weak"] .strength-verdict, .strength[data-level="weak"] .strength-verdict { color: #b3261e; }
.strength[data-level="fair"] .strength-verdict { color: #9a6700; }
.strength[data-level="good"] .strength-verdict, .strength[data-level="strong"] .strength-verdict { color: #1a7f37; }
`;
