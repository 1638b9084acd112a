// The code that applies TC39 (2023-05 / TypeScript 5.0) decorators at run time, written into the
// program once per decorated class (so no name is added to any scope but the class's own state
// constant). Its semantics are esbuild's `__decorateElement`/`__runInitializers` (tsx's), adapted
// to members that stay native in the class: private ones are reached through accessor functions
// the class body hands over. Knows nothing of where the lowering (tc39Decorators.ts) puts its calls.

/**
 * `(classDecorators, className, elements) => state`; elements are `[flags, name, decorators]` in
 * source order, flags = kind (1 method, 2 getter, 3 setter, 4 accessor, 5 field) | 8 static | 16
 * private. The state's calls: `a(class, access)` in the class's first static block applies every
 * decorator (static methods and accessors, instance ones, static fields, instance fields — each in
 * source order — then the class's) and runs static extra initializers, returning the class;
 * `n(self)` runs instance extra initializers, `i(self, k, value)` element k's field initializers,
 * `e(self, k)` its extra initializers, `z()` the class's extra initializers; `x[k]` holds a private
 * method's (getter's, setter's, accessor's `{get,set}`) current function. A public accessor's
 * getter and setter come in `access[k][3]` and are defined here, enumerable, as tsx defines them.
 * `k` keys the static method that carried private methods out of their nested classes;
 * `u(nested, static)` registers a nested class whose method uses `super`: `a` makes its prototype
 * the outer home's (the class's for a static method, its prototype's otherwise).
 * In a class with decorated computed names, decorator expressions and keys are evaluated where the
 * class evaluates its keys, in source order: `d(k, decorators)` gives element k its decorators,
 * `c(k, key)` its name (k -1: an undecorated key), converted once (an object's `toString` runs once;
 * a primitive stays as written, as tsx passes it), and returns it; `l` is the last key `c` returned.
 */
export const TC39_RUNTIME = [
  '((classDecorators,className,elements)=>{',
  'var O=Object,S=Symbol.metadata||Symbol.for("Symbol.metadata"),',
  'T=(m)=>{throw TypeError(m)},F=(f)=>f!==void 0&&typeof f!=="function"?T("Function expected"):f,',
  'K=["class","method","getter","setter","accessor","field"],V=[,"value","get","set"],',
  'N=(f,n)=>O.defineProperty(f,"name",{value:n,configurable:true}),',
  'R=(fns,self,value,seed)=>{for(var i=0;i<fns.length;i++)seed?value=fns[i].call(self,value):fns[i].call(self);return value},',
  'extras=[[],[],[]],inits=[],own=[],homes=[],cls,meta,',
  'C=(kind,name,done,fns)=>({kind:K[kind],name,metadata:meta,',
  'addInitializer:(f)=>done._?T("Already initialized"):fns.push(F(f||null))}),',
  'state={x:[],k:Symbol(),',
  'a(target,access){cls=target;delete target[state.k];meta=O.create(O.getPrototypeOf(target)?.[S]??null);',
  'for(var h=0;h<homes.length;h+=2)O.setPrototypeOf(homes[h],O.getPrototypeOf(homes[h+1]?target:target.prototype));',
  'for(var group=0;group<4;group++)for(var k=0;k<elements.length;k++){',
  'var [flags,name,decorators]=elements[k],kind=flags&7,s=!!(flags&8),p=!!(flags&16);',
  'if((kind>4)*2+!s!==group)continue;',
  'var home=s?target:target.prototype,fns=kind>3?(own[k]=[]):extras[s?1:2],list=kind>3&&(inits[k]=[]),',
  'a=access[k],desc=void 0,box,it,fn,ctx,done,acc;',
  'if(p&&kind<4)N(state.x[k]=a[3],(kind>2?"set ":kind>1?"get ":"")+name);',
  'else if(kind===4)N(a[3].get,"get "+name),N(a[3].set,"set "+name),',
  'p?state.x[k]=a[3]:desc={get:a[3].get,set:a[3].set,enumerable:true,configurable:true};',
  'else if(kind<5)desc=O.getOwnPropertyDescriptor(home,name);',
  'for(var i=decorators.length-1;i>=0;i--){ctx=C(kind,name,done={},fns);ctx.static=s;ctx.private=p;',
  'acc=ctx.access={has:p?a[2]:(o)=>name in o};',
  'if(kind^3)acc.get=p?a[0]:(o)=>o[name];if(kind>2)acc.set=p?a[1]:(o,v)=>o[name]=v;',
  'box=p?state.x[k]:desc;',
  'it=(0,decorators[i])(kind<4?(p?box:desc[V[kind]]):kind>4?void 0:{get:box.get,set:box.set},ctx);done._=1;',
  'if(kind^4||it===void 0)F(it)&&(kind>4?list.unshift(it):p?state.x[k]=it:desc[V[kind]]=it);',
  'else if(typeof it!=="object"||it===null)T("Object expected");',
  'else F(fn=it.get)&&(box.get=fn),F(fn=it.set)&&(box.set=fn),F(fn=it.init)&&list.unshift(fn)}',
  'desc&&O.defineProperty(home,name,desc)}',
  'for(i=classDecorators.length-1;i>=0;i--){ctx=C(0,className,done={},extras[0]);',
  'it=(0,classDecorators[i])(cls,ctx);done._=1;F(it)&&(cls=it)}',
  'S in cls?O.defineProperty(cls,S,{enumerable:true,configurable:true,writable:true,value:meta}):cls[S]=meta;',
  'R(extras[1],cls);return cls},',
  'n(self){R(extras[2],self)},i:(self,k,value)=>R(inits[k],self,value,1),e(self,k){R(own[k],self)},',
  'd(k,decorators){elements[k][2]=decorators},u(home,s){homes[homes.length]=home;homes[homes.length]=s},',
  'c(k,key){if(typeof key=="object"&&key!==null||typeof key=="function")key=Reflect.ownKeys({[key]:0})[0];',
  'if(k>=0)elements[k][1]=key;return state.l=key},',
  'z:()=>(R(extras[0],cls),cls)};',
  'return state})',
].join('');
