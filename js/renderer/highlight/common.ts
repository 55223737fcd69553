// Built on its own into hljs/common.js (not part of the main bundle): the grammars an unlabelled
// code block is guessed among, fetched together when the first one appears.
import bash from "highlight.js/lib/languages/bash";
import css from "highlight.js/lib/languages/css";
import javascript from "highlight.js/lib/languages/javascript";
import json from "highlight.js/lib/languages/json";
import python from "highlight.js/lib/languages/python";
import sql from "highlight.js/lib/languages/sql";
import typescript from "highlight.js/lib/languages/typescript";
import xml from "highlight.js/lib/languages/xml";

export default { bash, css, javascript, json, python, sql, typescript, xml };
