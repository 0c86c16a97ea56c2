import { useEffect, useState } from 'preact/hooks';
import { api } from '../api';
import { Select, TextInput } from '../components/field';
import { Layout } from '../components/layout';
import { Link } from '../components/link';
import { count } from '../format';
import { setQuery, useLocation } from '../router';

export interface CatalogEntry {
  id: string;
  name: string;
  context_length: number;
  input_modalities: string[];
  output_modalities: string[];
  prompt_price: number;
  completion_price: number;
  author: string;
  author_name: string;
  open_weights: boolean | null;
  origin: 'china' | 'row' | null;
  size_bucket: string | null;
  reasoning: boolean;
  endpoints: number;
}

const perMillion = (price: number) => (price === 0 ? 'free' : `$${(price * 1e6).toFixed(2)}`);

/** The catalog, filtered in the URL: open or closed, origin, size, reasoning, author, price, context, modality, search. */
export function Models() {
  const { query } = useLocation();
  const [models, setModels] = useState<CatalogEntry[]>([]);
  useEffect(() => {
    api<{ data: CatalogEntry[] }>('/api/v1/dashboard/models').then((answer) => setModels(answer.data));
  }, []);
  const q = (name: string) => query.get(name) ?? '';
  const search = q('search').toLowerCase();
  const shown = models.filter(
    (model) =>
      (!search || model.id.toLowerCase().includes(search) || model.name.toLowerCase().includes(search)) &&
      (!q('weights') || (q('weights') === 'open' ? model.open_weights === true : model.open_weights === false)) &&
      (!q('origin') || model.origin === q('origin')) &&
      (!q('size') || model.size_bucket === q('size')) &&
      (!q('reasoning') || model.reasoning === (q('reasoning') === 'true')) &&
      (!q('author') || model.author === q('author')) &&
      (!q('max_price') || model.prompt_price * 1e6 <= Number(q('max_price'))) &&
      (!q('min_context') || model.context_length >= Number(q('min_context'))) &&
      (!q('modality') || model.input_modalities.includes(q('modality'))) &&
      (q('served') !== 'true' || model.endpoints > 0),
  );
  const authors = [...new Set(models.map((model) => model.author))].sort();
  const update = (name: string) => (value: string) => setQuery({ [name]: value });
  return (
    <Layout title="Models">
      <form class="filters" aria-label="Filters" onSubmit={(event) => event.preventDefault()}>
        <TextInput label="Search" value={q('search')} onChange={update('search')} />
        <Select
          label="Weights"
          value={q('weights')}
          onChange={update('weights')}
          options={[
            ['', 'any'],
            ['open', 'open'],
            ['closed', 'closed'],
          ]}
        />
        <Select
          label="Origin"
          value={q('origin')}
          onChange={update('origin')}
          options={[
            ['', 'any'],
            ['china', 'China'],
            ['row', 'rest of world'],
          ]}
        />
        <Select
          label="Size"
          value={q('size')}
          onChange={update('size')}
          options={[
            ['', 'any'],
            ['small', 'small (< 15B)'],
            ['medium', 'medium (15–70B)'],
            ['large', 'large (≥ 70B)'],
          ]}
        />
        <Select
          label="Reasoning"
          value={q('reasoning')}
          onChange={update('reasoning')}
          options={[
            ['', 'any'],
            ['true', 'reasons'],
            ['false', 'does not'],
          ]}
        />
        <Select label="Author" value={q('author')} onChange={update('author')} options={[['', 'any'], ...authors.map((author) => [author, author] as const)]} />
        <TextInput label="Max prompt price ($/1M)" type="number" value={q('max_price')} onChange={update('max_price')} />
        <TextInput label="Min context" type="number" value={q('min_context')} onChange={update('min_context')} />
        <Select
          label="Input modality"
          value={q('modality')}
          onChange={update('modality')}
          options={[
            ['', 'any'],
            ['text', 'text'],
            ['image', 'image'],
            ['file', 'file'],
            ['audio', 'audio'],
          ]}
        />
        <Select
          label="Served here"
          value={q('served')}
          onChange={update('served')}
          options={[
            ['', 'all'],
            ['true', 'only served'],
          ]}
        />
      </form>
      <table class="data">
        <caption>
          {shown.length} of {models.length} models
        </caption>
        <thead>
          <tr>
            <th scope="col">Model</th>
            <th scope="col">Author</th>
            <th scope="col">Weights</th>
            <th scope="col">Context</th>
            <th scope="col">Prompt $/1M</th>
            <th scope="col">Completion $/1M</th>
            <th scope="col">Endpoints</th>
          </tr>
        </thead>
        <tbody>
          {shown.slice(0, 400).map((model) => (
            <tr key={model.id}>
              <td>
                <Link href={`/models/${model.id}`}>{model.name}</Link>
                <div class="muted">{model.id}</div>
              </td>
              <td>{model.author_name}</td>
              <td>{model.open_weights === null ? '—' : model.open_weights ? `open${model.size_bucket ? `, ${model.size_bucket}` : ''}` : 'closed'}</td>
              <td>{count(model.context_length)}</td>
              <td>{perMillion(model.prompt_price)}</td>
              <td>{perMillion(model.completion_price)}</td>
              <td>{model.endpoints}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </Layout>
  );
}
