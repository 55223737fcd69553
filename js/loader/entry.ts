// The anywidget entry saved in each chat's `_esm`. chatkit_notebook/bridge/bundle.py replaces the
// placeholder below with this widget's LoaderConfig (JSON) before it is synced.
import { createLoader, type LoaderConfig } from "./loader";

const config = "__CHATKIT_NOTEBOOK_LOADER_CONFIG__" as unknown as LoaderConfig;

export default createLoader(config);
