import { createGraphiQLFetcher } from '@graphiql/toolkit';
import { GraphiQL } from 'graphiql';
import { createRoot } from 'react-dom/client';
// graphiql's stylesheet already carries Monaco's full CSS and fonts inlined as data: URIs.
import 'graphiql/style.css';
import './page.css';
import { readIdeConfig } from './config';
import { installMonacoWorkers } from './workers';

// Must be in place before GraphiQL lazily loads Monaco on first render.
installMonacoWorkers();

const config = readIdeConfig();

const fetcher = createGraphiQLFetcher({
  url: config.endpoint,
  // The toolkit passes the headers editor's content as graphql-ws
  // connectionParams, so a bearer token works for subscriptions as well.
  subscriptionUrl: config.subscriptionUrl,
  // graphql 16 has no @defer/@stream, so multipart responses never happen.
  enableIncrementalDelivery: false,
});

const headerText = Object.keys(config.headers).length > 0 ? JSON.stringify(config.headers, null, 2) : undefined;

const container = document.getElementById('graphiql');
if (!container) throw new Error('hub-ide: the page has no #graphiql element');

createRoot(container).render(
  <GraphiQL
    fetcher={fetcher}
    defaultQuery={config.defaultQuery}
    // initialHeaders wins over anything left in localStorage, so a token the
    // server hands out is always the one in effect; defaultHeaders covers new tabs.
    initialHeaders={headerText}
    defaultHeaders={headerText}
  />,
);
