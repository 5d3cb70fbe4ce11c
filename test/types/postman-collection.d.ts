// The part of Postman's postman-collection library the tests use (it ships no types).
declare module "postman-collection" {
  export class Collection {
    constructor(definition: unknown);
    forEachItem(callback: (item: { name: string }) => void): void;
    variables: { get(key: string): unknown };
  }
}
