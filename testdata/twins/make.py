import re, sys, textwrap, os
src = '/work/shared/corpus/spdx-canonical/files'
ids = ['HPND','HPND-sell-variant','Python-2.0','dtoa','NTP','MIT-CMU','MIT-open-group','MS-PL','MS-LPL','MIT','X11',
       'bzip2-1.0.5','bzip2-1.0.6','BSD-2-Clause','BSD-2-Clause-Views','BSD-2-Clause-NetBSD','SAX-PD','SAX-PD-2.0']
current = {'bzip2-1.0.5':'bzip2-1.0.6','BSD-2-Clause-NetBSD':'BSD-2-Clause'}
def holder(t):
    t = t.replace('<copyright notice>', 'Copyright (c) 2003 Example Holder')
    t = re.sub(r'(?im)^(\s*)Copyright (\(c\)|©|\d).*$', r'\1Copyright (c) 2003 Example Holder', t)
    t = re.sub(r'<[^<>\n]{1,40}>', 'Example Holder', t)
    return t
def rewrap(t):
    paras = [' '.join(p.split()) for p in re.split(r'\n\s*\n', t) if p.strip()]
    return '\n\n'.join(textwrap.fill(p, 66) for p in paras) + '\n'
def notitle(t):
    lines = t.split('\n')
    while lines and not lines[0].strip(): lines.pop(0)
    if lines and len(lines[0].split()) <= 8 and not lines[0].rstrip().endswith('.'):
        lines.pop(0)
    return '\n'.join(lines).lstrip('\n')
rows = []
for i in ids:
    t = open(os.path.join(src, i + '.txt')).read()
    want = current.get(i, i)
    for name, f in [('canonical', lambda x: x), ('holder', holder), ('rewrapped', lambda x: rewrap(holder(x))), ('untitled', lambda x: notitle(holder(x)))]:
        fn = f'{i}.{name}.txt'
        out = f(t)
        if name != 'canonical' and out == t: continue
        open(fn, 'w').write(out)
        rows.append(f'{fn}\t{want}\tspdx-canonical/files/{i}.txt, {name}')
with open('MANIFEST.tsv', 'w') as m:
    m.write('# file\texpected\tmade from (../shared/corpus/spdx-canonical: the SPDX License List texts), how\n')
    m.write('\n'.join(rows) + '\n')
# Title swaps: each text under the title of its near twin, as real files
# often are (an X11 text titled "MIT License"). The text decides, or the
# file is ambiguous: never the twin named by the title alone.
names = {}
for line in open('/work/shared/corpus/spdx-canonical/meta.tsv'):
    f = line.rstrip('\n').split('\t')
    if f[0].startswith('files/'):
        names[f[0][6:-4]] = f[4]
pairs = [('HPND','HPND-sell-variant'),('HPND','NTP'),('HPND','MIT-CMU'),('HPND','dtoa'),('HPND','Python-2.0'),('MIT-open-group','X11'),
         ('MS-PL','MS-LPL'),('MIT','X11'),('bzip2-1.0.5','bzip2-1.0.6'),('BSD-2-Clause','BSD-2-Clause-Views'),('SAX-PD','SAX-PD-2.0')]
for a, b in pairs:
    for x, y in [(a, b), (b, a)]:
        t = notitle(holder(open(os.path.join(src, x + '.txt')).read()))
        fn = f'{x}.titled-{y}.txt'
        open(fn, 'w').write(names[y] + '\n\n' + t)
        rows.append(f'{fn}\t{current.get(x, x)}\tspdx-canonical/files/{x}.txt, holder, untitled, under the title of {y}')
with open('MANIFEST.tsv', 'w') as m:
    m.write('# file\texpected\tmade from (../shared/corpus/spdx-canonical: the SPDX License List texts), how\n')
    m.write('\n'.join(rows) + '\n')
